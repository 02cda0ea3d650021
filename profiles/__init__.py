"""Layout profiles: one TOML file per report layout (header wording, numbering, furniture)."""
