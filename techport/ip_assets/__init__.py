"""IP assets: the legal side (type, status, numbers, inventors, owners) of a university's IP listing."""
