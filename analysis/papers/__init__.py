"""Position papers, the reaction to the bod and meeting packs, built from one document model."""
