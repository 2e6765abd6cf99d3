"""API tokens of organisations and the write API that other systems use with them."""
