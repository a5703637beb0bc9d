"""The intermediate representation: the primitive registry, the Wengert list and how its steps are written."""
