"""LLM backends behind kg.llm.LLM."""
