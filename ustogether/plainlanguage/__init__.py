"""Plain language on Us Together: a jargon glossary and a checker for what people write.

The checker modules (checker, glossary, normalise, sentences, syllables,
avoid, samples) are pure Python with no Django imports, so they can be used
and tested anywhere. Start with ``checker.check``.
"""
