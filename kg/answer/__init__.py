"""Answering questions from the graph: time scope, question linking, intents, retrieval, answers, prompt, verification."""
