"""The formula language: lexer, AST nodes, the Pratt parser (its binding-power table) and the lowering to a Wengert list."""
