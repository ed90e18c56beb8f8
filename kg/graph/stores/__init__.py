"""Store backends: memory (tests), oxigraph (embedded, default), sparql (remote)."""
