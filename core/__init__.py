"""The pure core: model, names, rules, explanations, styles and the selectors of the state on a day (standard library only)."""
