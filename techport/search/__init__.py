"""Search: index settings and mappings, query building and supply-demand matching over Elasticsearch."""
