"""Exports, one module per format behind one registry (:mod:`exports.registry`)."""
