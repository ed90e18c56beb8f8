"""What a process runs with, shared by extraction and the application: settings and the local models."""
