"""Downloader middlewares of the project that are not about where bytes come from."""
