"""Source transformation: tangent and adjoint programs generated from the Wengert list."""
