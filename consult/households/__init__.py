"""The household register: import of the corporation's file, overviews, purging addresses."""
