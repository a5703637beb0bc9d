"""The two modes and what is built on them: fast sweeps, dual numbers, the adjoint sweep, Jacobians, Hessians, costs."""
