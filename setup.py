"""The one compiled part: transforms/_ngrams.c (character classes and n-gram repetition of
each kept document; see its header for why it is not numpy). Everything else is in
pyproject.toml."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("transforms._ngrams", ["transforms/_ngrams.c"], extra_compile_args=["-O2"])])
