"""The data files: YAML read with line numbers, validated, loaded, stored, and written safely."""
