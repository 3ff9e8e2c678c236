tokenize
"""
