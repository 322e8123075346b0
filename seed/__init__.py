"""Sample data: generated native-schema rows of both systems, a truth file, and their loader."""
