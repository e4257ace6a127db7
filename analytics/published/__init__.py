"""Rankings published by others, imported as they appeared and shown beside ours."""
