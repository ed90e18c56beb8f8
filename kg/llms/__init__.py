"""LLM backends behind kg.llms.base.LLM."""
