"""The one catalogue of user-facing messages.

Every error, warning and label a user reads is looked up here by key, so a
translation is one more column and a test can check that none is missing.
The language comes from :func:`set_language` or the ``ADKIT_LANG``
environment variable; English is the default.

Parameters whose value is another message key (``hint``, ``note``) are
rendered in the same language; a parameter that is ``None`` drops the
``[[...]]`` section of the template that mentions it.
"""

from __future__ import annotations

import os
import re
from typing import Any

LANGUAGES = ("en", "vi")
_language: str | None = None

MESSAGES: dict[str, dict[str, str]] = {
    # ---- parsing -----------------------------------------------------------
    "parse.empty": {"en": "empty expression: type a formula such as ln(x1) + x1*x2"},
    "parse.bare_not_last": {"en": "only the last statement can be a bare expression; name this one (y = ...)"},
    "parse.expression_expected": {"en": "expected a single expression, not a program"},
    "parse.separator_in_parens": {"en": "';' inside parentheses: close the parenthesis before ending the statement"},
    "parse.missing_after_assign": {"en": "nothing after '=': write name = expression"},
    "parse.reserved_name": {"en": "'{name}' is not a finite number and cannot be a name; adkit works with finite values"},
    "parse.assign_function": {"en": "'{name}' is a function and cannot be assigned to; choose another name"},
    "parse.function_as_name": {"en": "'{name}' is a function: call it as {name}(...)"},
    "parse.unknown_function": {"en": "unknown function '{name}'[[ (did you mean '{suggestion}'?)]]; known functions: {known}[[. To multiply, write {multiply}*(...)]]"},
    "parse.number_overflow": {"en": "the number {number} is too large for a double-precision float (overflow)"},
    "parse.unexpected_char": {"en": "unexpected character {char!r}[[: {hint}]]"},
    "parse.dangling": {"en": "the expression ends after '{op}': something is missing after it"},
    "parse.expected_operand": {"en": "expected a number, a name or '(' but found '{found}'"},
    "parse.stray_comma": {"en": "',' outside a function call: only max, min and pow take two arguments"},
    "parse.unmatched_close": {"en": "this ')' has no matching '('"},
    "parse.unclosed": {"en": "this parenthesis is never closed: add ')'"},
    "parse.misplaced_assign": {"en": "'=' can only follow a name at the start of a statement (name = expression)"},
    "parse.implicit_multiplication": {"en": "missing operator between '{left}' and '{right}': write {left}*{right} for a product"},
    "parse.expected_operator": {"en": "expected an operator but found '{found}'"},
    "parse.arity": {"en": "{name} takes {arity} argument(s), got {count}"},
    "hint.attribute": {"en": "adkit expressions have no attributes or methods (x.real is Python, not adkit)"},
    "hint.indexing": {"en": "adkit expressions have no indexing; name each input (x1, x2, ...)"},
    "hint.string": {"en": "adkit expressions have no strings"},
    "hint.python": {"en": "this is Python syntax, not adkit syntax; nothing is executed"},
    "hint.modulo": {"en": "adkit has no '%' operator"},
    "hint.comparison": {"en": "adkit has no comparisons; use max(a, b) or min(a, b)"},
    "limit.length": {"en": "the text is {length} characters long; the limit is {limit}"},
    "limit.depth": {"en": "parentheses and calls nest deeper than the limit of {limit} levels"},
    # ---- programs and bindings --------------------------------------------
    "program.used_before_assignment": {"en": "'{name}' is used before it is assigned"},
    "program.assign_input": {"en": "'{name}' is an input (given in --at) and cannot also be assigned in the program"},
    "program.one_output": {"en": "this program has several outputs ({outputs}): use a Jacobian, a vjp with one weight per output, or --outputs to pick one"},
    "program.unknown_output": {"en": "unknown output '{name}'; the program's names are: {names}"},
    "bind.missing": {"en": "no value for input '{name}': add {name}=... to --at"},
    "bind.extra": {"en": "'{name}' is given a value but the expression does not use it[[; its inputs are: {inputs}]]"},
    "bind.duplicate": {"en": "'{name}' is given twice"},
    "bind.format": {"en": "expected name=value pairs separated by commas, got '{item}'"},
    "bind.not_a_number": {"en": "the value of '{name}' is not a number: {value}"},
    "bind.not_finite": {"en": "the value of '{name}' is not finite: {value}"},
    "bind.constant_expression": {"en": "the value of '{name}' may use numbers, pi and e, but not the name '{other}'"},
    "bind.count": {"en": "expected {expected} values, got {count}"},
    "bind.wrt_and_seed": {"en": "--wrt and --seed both choose the forward direction: give one of them"},
    "bind.mode_needs_forward": {"en": "--wrt and --seed choose a forward (tangent) sweep: use --mode forward or both"},
    # ---- domains and kinks ------------------------------------------------
    "domain.generic": {"en": "{op} is undefined at {args}"},
    "domain.div": {"en": "division by zero"},
    "domain.pow": {"en": "{op} is undefined at {args} (a negative base needs an integer exponent; 0 cannot have a negative exponent)"},
    "domain.asin": {"en": "{op} is undefined at {args}: its argument must lie in [-1, 1]"},
    "domain.log": {"en": "{op} is undefined at {args}: its argument must be positive"},
    "domain.sqrt": {"en": "{op} is undefined at {args}: its argument must be non-negative"},
    "domain.overflow": {"en": "{op} overflows at {args}: the result is too large for a double-precision float"},
    "domain.not_finite": {"en": "{op} gives {value} at {args}"},
    "domain.partial": {"en": "the derivative of {op} with respect to argument {position} is undefined at {args}"},
    "kink.abs": {"en": "abs is not differentiable at 0; adkit uses the derivative of the branch it evaluated, x ≥ 0, so sign 0 = +1"},
    "kink.relu": {"en": "relu is not differentiable at 0; adkit uses the derivative of the branch it evaluated, relu 0 = 0, so the slope is 0 (as PyTorch and JAX do)"},
    "kink.max": {"en": "max is not differentiable at a tie; adkit gives the whole derivative to the first argument (max(a, b) = a when a ≥ b)"},
    "kink.min": {"en": "min is not differentiable at a tie; adkit gives the whole derivative to the first argument (min(a, b) = a when a ≤ b)"},
    "warning.kink": {"en": "{step}: {note}"},
    # ---- tracing Python callables ------------------------------------------
    "tracing.float": {"en": "a traced function turned an adkit value into a Python float; use adkit.{hint} (adkit.sin, adkit.log, ...) instead of the math module"},
    "tracing.bool": {"en": "a traced function compared or branched on an input; adkit records straight-line formulas only (use max/min/relu/abs for kinks)"},
    "tracing.signature": {"en": "the function's parameters ({params}) do not match the names given in at ({names})"},
    "tracing.result": {"en": "the traced function must return a number computed from its inputs, not {kind}"},
    "tracing.mixed": {"en": "cannot mix values from two different traces or a Dual with a trace"},
    # ---- tables -------------------------------------------------------------
    "col.step": {"en": "step"},
    "col.name": {"en": "name"},
    "col.definition": {"en": "primal trace"},
    "col.value": {"en": "value"},
    "col.tangent_statement": {"en": "tangent trace"},
    "col.adjoint_statement": {"en": "adjoint trace"},
    "col.adjoint": {"en": "adjoint"},
    "title.trace": {"en": "{expression}  at {point}  ({mode})"},
    "title.callable": {"en": "traced function"},
    "mode.forward": {"en": "forward mode"},
    "mode.reverse": {"en": "reverse mode"},
    "mode.both": {"en": "forward and reverse mode"},
    "summary.forward_all": {"en": "forward mode: {sweeps} sweep(s), one per input, to get the whole gradient"},
    "summary.forward_one": {"en": "forward mode: 1 sweep gives the derivative in one direction"},
    "summary.reverse_many": {"en": "reverse mode: {outputs} sweeps, one per output, reusing one recorded tape"},
    "summary.reverse": {"en": "reverse mode: 1 sweep from {seed} = 1 gives the whole gradient ({inputs} partial derivative(s))"},
    # ---- explanations (--explain) -------------------------------------------
    "explain.heading": {"en": "Step by step"},
    "explain.forward_intro": {"en": "Forward mode carries a tangent v̇ = ∂v/∂(seed direction) next to every value. The sweep starts from the seed {seeds} and applies the chain rule once per step, in Wengert order: v̇ = Σ (local partial ∂v/∂u)·u̇ over the step's arguments u."},
    "explain.forward_input": {"en": "{var} = {name} = {value} is an input: its tangent is the seed, {dot} = {tangent}."},
    "explain.forward_constant": {"en": "{head} uses only constants, so {dot} = 0."},
    "explain.forward_step": {"en": "{head}. Local partials: {partials}; so {dot} = {product} = {tangent}."},
    "explain.partial": {"en": "∂{of}/∂{by} = {formula}[[ = {value}]]"},
    "explain.forward_end_all": {"en": "The first sweep ends with {outputs}. One forward sweep gives the derivative in one input direction only, so the whole gradient took {sweeps} sweeps, one per input, each with its own seed."},
    "explain.forward_end_one": {"en": "The sweep ends with {outputs}: the derivative in the seed's direction. The whole gradient would take one such sweep per input ({inputs} here)."},
    "explain.reverse_intro": {"en": "Reverse mode first runs the primal sweep and records all {tape} values (the tape). It then starts from {seed} = 1 and walks the steps backwards: each step passes its adjoint to its arguments, each times the local partial, and every argument adds (+=) what it receives."},
    "explain.reverse_step": {"en": "{step} has {bar} = {adjoint}; it sends {sends}."},
    "explain.sends": {"en": "{target} += {bar}·({formula}) = {value}"},
    "explain.fan_out": {"en": "{var} is used by {count} steps ({users}), so a change in {var} reaches the output along {count} paths: the multivariable chain rule adds the contributions, {bar} = {parts} = {total}."},
    "explain.reverse_end": {"en": "One reverse sweep gave all {inputs} partial derivative(s): {gradient}. Forward mode needs one sweep per input ({inputs} here); reverse mode needs one per output ({outputs} here) but must keep the tape of {tape} values."},
    # ---- Jacobians and costs (issue 5) ---------------------------------------
    "jacobian.vector_needs_forward": {"en": "--vector bundles the forward sweeps: use it with --mode forward"},
    "cost.reason_forward": {"en": "forward is cheaper here: {n} input(s) → {n} tangent sweep(s), about {forward} operations, against {m} output(s) → {m} adjoint sweep(s), about {reverse} operations for reverse"},
    "cost.reason_reverse": {"en": "reverse is cheaper here: {m} output(s) → {m} adjoint sweep(s), about {reverse} operations, against {n} input(s) → {n} tangent sweep(s), about {forward} operations for forward"},
    "jacobian.title": {"en": "Jacobian of {outputs} at {point}: {mode} mode, {sweeps} sweep(s)"},
    "cost.title": {"en": "Cost of the Jacobian of {outputs}: n = {n} input(s), m = {m} output(s), {primal} primal operation(s)"},
    "cost.col_mode": {"en": "mode"},
    "cost.col_sweeps": {"en": "sweeps"},
    "cost.col_ops": {"en": "operations"},
    "cost.col_ratio": {"en": "× primal"},
    "cost.col_memory": {"en": "values stored"},
    "cost.col_time": {"en": "measured time"},
    "cost.kinds": {"en": "primal operations by kind: {kinds}"},
    "cost.recommended": {"en": "recommended: {mode}. {reason}"},
    "cost.family_title": {"en": "Forward vs reverse Jacobian time on the family f: ℝⁿ → ℝᵐ (ms); the cheaper mode is marked"},
    "cost.plot_saved": {"en": "plot saved to {path}"},
    "cost.no_matplotlib": {"en": "matplotlib is not installed, so no plot was saved: pip install matplotlib"},
    "hessian.title": {"en": "Hessian at {point}: {method}, {sweeps} sweep(s)"},
    "hessian.hvp_title": {"en": "Hessian-vector product at {point}: one forward-over-reverse sweep, H never formed"},
    "cost.needs_program": {"en": "give a PROGRAM and --at, or --sweep-family"},
    # ---- computational graph (issue 4) ---------------------------------------
    "graph.argument": {"en": "(argument {position})"},
    "graph.no_dot": {"en": "--render needs Graphviz's 'dot' program, which is not installed: apt-get install graphviz (Debian/Ubuntu) or brew install graphviz (macOS); the DOT text above still works, e.g. paste it into any Graphviz viewer"},
    "graph.render_format": {"en": "--render {path}: the file name must end in .svg, .png or .pdf"},
    "graph.render_failed": {"en": "dot could not render {path}: {reason}"},
    "graph.rendered": {"en": "graph rendered to {path}"},
    "graph.saved": {"en": "DOT saved to {path}"},
    # ---- verification (issue 3) ---------------------------------------------
    "verify.title_symbolic": {"en": "Symbolic partial derivatives (sympy, built from the Wengert list)"},
    "verify.title_checks": {"en": "Checks: engines against sympy (relative {rtol}) and central finite differences"},
    "verify.col.input": {"en": "input"},
    "verify.col.forward": {"en": "forward"},
    "verify.col.reverse": {"en": "reverse"},
    "verify.col.sympy": {"en": "sympy"},
    "verify.col.fd": {"en": "finite diff."},
    "verify.col.rel_error": {"en": "rel. error"},
    "verify.col.check": {"en": "check"},
    "verify.ok": {"en": "verified: every checked number agrees ({rows} row checks, {inputs} partial derivative(s), {seconds:.2f} s)"},
    "verify.failed": {"en": "verification FAILED:"},
    "verify.row_failed": {"en": "{row}: the {quantity} is {engine!r} but sympy gives {exact!r} (relative error {error})"},
    "verify.input_failed": {"en": "∂y/∂{name}: reverse {engine!r}, forward {forward!r}, sympy {exact!r}, finite difference {fd!r} do not agree"},
    "verify.timeout": {"en": "sympy did not finish within {seconds:g} s (--verify-timeout); the checks without a sympy value rest on finite differences and forward = reverse only"},
    "verify.sympy_error": {"en": "sympy could not finish ({error}); numeric checks only"},
    "verify.kink": {"en": "{step} is at a non-differentiable point: {note}. sympy's derivative there may differ (e.g. Heaviside(0) = 1/2, sign(0) = 0); such rows are marked as a convention, not a failure"},
    "verify.fd_skipped": {"en": "finite differences for {name} were not judged: the stencil x ± 4h leaves the domain, crosses a kink, or the function curves too fast for the step (D(h), D(2h), D(4h) do not converge like h²)"},
    "verify.rows_unchecked": {"en": "sympy could not evaluate some rows (a complex or undefined value); they are marked unchecked"},
    "verify.status.ok": {"en": "✓"},
    "verify.status.failed": {"en": "✗"},
    "verify.status.kink": {"en": "convention"},
    "verify.status.unchecked": {"en": "unchecked"},
    # ---- nn (issue 6) -------------------------------------------------------
    "nn.sizes": {"en": "a network needs at least two layer sizes, all positive whole numbers; got {sizes}"},
    "nn.unknown_activation": {"en": "unknown activation '{name}'; known: {known}"},
    "nn.unknown_loss": {"en": "unknown loss '{name}'; known: {known}"},
    "nn.softmax_pairing": {"en": "softmax output and the softmax_ce loss go together (got output activation '{activation}' with loss '{loss}')"},
    "nn.bce_needs_unit_interval": {"en": "the bce loss needs outputs strictly between 0 and 1: use output_activation=\"sigmoid\""},
    "nn.shape": {"en": "{what} has shape {got}, expected {expected}"},
    "nn.unknown_method": {"en": "unknown gradient method '{name}'; use 'bp' (BP1–BP4) or 'autodiff' (the array tape)"},
    "nn.tape_missing_input": {"en": "the tape needs values for: {names}"},
    "nn.unknown_optimizer": {"en": "unknown optimizer '{name}'; known: {known}"},
    "nn.bad_setting": {"en": "{name} must be {expected}, got {value}"},
    "nn.unknown_dataset": {"en": "unknown dataset '{name}'; known: {known}"},
    "nn.unknown_preset": {"en": "unknown preset '{name}'; known: {known}"},
    "nn.weights_format": {"en": "could not read {what} {text!r}: write a JSON list such as [[0.1, 0.2], [0.3, 0.4]]"},
    "nn.weights_count": {"en": "{count} weight matrices given for {layers} layers"},
    "nn.collapse_nonlinear": {"en": "Theorem 3.1 needs identity activations in every layer; layer {layer} uses '{activation}'"},
    "nn.no_matplotlib": {"en": "--plot needs matplotlib, which is not installed: pip install matplotlib (the loss values are in --format json)"},
    "nn.plot_saved": {"en": "loss curve saved to {path}"},
    "nn.preset.example-3.1": {"en": "seed 003, Example 3.1: sigmoid hidden layer, identity output, L = ½(y − a⁽²⁾)²"},
    "nn.preset.seed-004": {"en": "seed 004: 2-2-1 network, sigmoid hidden and output layers, C = ½(y − ŷ)²"},
    "nn.preset.note": {"en": "the seed gives only symbols; these weights and inputs are adkit's choice"},
    "nn.col.equation": {"en": "equation"},
    "nn.col.tape": {"en": "tape"},
    "nn.col.check": {"en": "check"},
    "nn.col.parameter": {"en": "parameter"},
    "nn.col.value": {"en": "value"},
    "nn.col.accuracy": {"en": "accuracy"},
    "nn.col.loss": {"en": "loss"},
    "nn.col.epoch": {"en": "epoch"},
    "nn.row.train": {"en": "train"},
    "nn.row.test": {"en": "test"},
    "nn.title_forward": {"en": "Forward pass: z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾, a⁽ˡ⁾ = f(z⁽ˡ⁾)"},
    "nn.title_delta": {"en": "Errors δ⁽ˡ⁾ = ∂C/∂z⁽ˡ⁾ (BP1 at the output, BP2 going back)"},
    "nn.title_gradient": {"en": "Gradient: ∂C/∂b = δ (BP3), ∂C/∂W = δ a⁽ˡ⁻¹⁾ᵀ (BP4)"},
    "nn.check_ok": {"en": "every value above agrees with the array tape (reverse sweep) to {tol}"},
    "nn.check_failed": {"en": "BP1–BP4 and the array tape disagree: largest relative difference {diff}"},
    "nn.collapse_title": {"en": "Theorem 3.1: identity activations collapse to one layer W̄x + b̄"},
    "nn.collapse_check": {"en": "network output and W̄x + b̄ agree on {count} random inputs (largest difference {diff})"},
    "nn.train_done": {"en": "{epochs} epochs in {seconds:.2f} s: train accuracy {train_accuracy:.4f}, test accuracy {test_accuracy:.4f}, final loss {final_loss:.4g}"},
    # ---- adkit.nn, issue 17 (layout, divergence, norms, step, plot) ----------
    "nn.unknown_layout": {"en": "unknown weight layout '{name}'; known: {known}"},
    "nn.not_finite": {"en": "{what} holds a value that is not a finite number"},
    "nn.weight_shape": {"en": "{what} has shape {got}, but a {sizes} network with layout {layout} needs {expected} {meaning}[[; did you mean {suggestion}?]]"},
    "nn.diverged": {"en": "training diverged: the loss became {value} at epoch {epoch}, step {step}; try a smaller learning rate than {lr} (the parameters of the last finite loss were kept)"},
    "nn.settings": {"en": "settings: {settings}"},
    "nn.unknown_schedule": {"en": "unknown learning-rate schedule '{name}'; known: {known}"},
    "nn.batchnorm_batch": {"en": "batch normalization needs at least 2 rows per batch in training (got {batch})"},
    "nn.norms_title": {"en": "epoch {epoch}: norms per layer (loss {loss})"},
    "nn.norms_heading": {"en": "{network} on {dataset} ({rows} rows): ‖δ⁽ˡ⁾‖ = ‖∂C/∂z⁽ˡ⁾‖ and ‖∂C/∂W⁽ˡ⁾‖ (Frobenius norms over the batch)"},
    "nn.col.layer": {"en": "layer"},
    "nn.col.ratio": {"en": "÷ last layer"},
    "nn.norms_summary": {"en": "first layer / last layer, ‖∂C/∂W‖: {ratios}"},
    "nn.norms_sizes": {"en": "{dataset} has {features} inputs and {classes} classes: --sizes must start with {features} and end with 1 (class-1 target) or {classes} (one-hot); got {sizes}"},
    "nn.norms_plot_title": {"en": "{activation} network: gradient norms per layer"},
    "nn.norms_saved": {"en": "norms plot saved to {path}"},
    "nn.step_title": {"en": "One gradient-descent step θ ← θ − η·∂C/∂θ with η = {lr}"},
    "nn.col.old": {"en": "old θ"},
    "nn.col.gradient": {"en": "∂C/∂θ"},
    "nn.col.update": {"en": "−η·∂C/∂θ"},
    "nn.col.new": {"en": "new θ"},
    "nn.step_loss": {"en": "C before the step {before}, after it {after} (change {change})"},
    "nn.schedule_note": {"en": "learning rate by epoch: {rates}"},
    "plot.no_matplotlib": {"en": "adkit plot needs matplotlib, which is not installed: pip install adkit[plot]"},
    "plot.over": {"en": "--over must be NAME=START:STOP with START < STOP (e.g. x=-6:6), got '{text}'"},
    "plot.one_input": {"en": "adkit plot draws a function of one input; this program has {count}: {inputs}"},
    "plot.over_name": {"en": "--over names '{name}', but the input is '{input}'"},
    "plot.points": {"en": "--points must be a whole number from 2 to {most}, got {count}"},
    "plot.gaps": {"en": "{count} of {total} points are outside the domain and left out"},
    "plot.no_points": {"en": "no point of {over} is inside the domain: nothing to draw"},
    "plot.extension": {"en": "the plot file must end in .png or .svg, got '{path}'"},
    "plot.derivative_label": {"en": "d{output}/d{input} (forward mode)"},
    # ---- codegen (issue 7) --------------------------------------------------
    "codegen.backend": {"en": "unknown backend '{backend}': use 'interpreter' (the default) or 'codegen'"},
    "codegen.literal": {"en": "the constant {value} cannot be written as code: only finite numbers can"},
    "codegen.wrt_unknown": {"en": "--wrt {name}: not an input of the program; its inputs are: {inputs}"},
    "codegen.wrt_forward": {"en": "forward mode seeds one input: give one --wrt name, not {count}"},
    "codegen.at_latex": {"en": "--at prints numbers from Python or C code; LaTeX output has no numbers"},
    # ---- exercises and grading (issue 8) -------------------------------------
    "exercise.one_output": {"en": "an exercise is built on one output; this program has several ({outputs}): pick one with --outputs"},
    "exercise.all_sweeps": {"en": "an exercise runs one forward sweep per input; leave out --wrt and --seed"},
    "exercise.difficulty": {"en": "the difficulty must be a whole number from 1 to 5, not {difficulty}"},
    "exercise.heading": {"en": "Exercise {number}: {title}"},
    "exercise.instructions": {"en": "Fill in the empty cells: values to 4 significant digits, statements in the notation of the table."},
    "exercise.needs_expression": {"en": "give an expression and --at, or --random"},
    "exercise.random_with_expression": {"en": "--random makes its own expression and point: leave out EXPR and --at"},
    "exercise.count": {"en": "--count makes a worksheet of random exercises: use it with --random"},
    "grade.encoding": {"en": "the file is not UTF-8; it was read as Latin-1 (save it as CSV UTF-8 to be sure every character is read)"},
    "grade.no_table": {"en": "no table found: expected a CSV with a header row or a Markdown pipe table"},
    "grade.exercise_missing": {"en": "no table for exercise {number}: all its cells are marked wrong"},
    "grade.exercise_prefix": {"en": "exercise {number}: "},
    "grade.extra_column": {"en": "column '{column}' is not part of the exercise; it was ignored"},
    "grade.missing_column": {"en": "column '{column}' is missing: its cells are marked wrong"},
    "grade.unknown_row": {"en": "row {row}: '{text}' is not a step of this exercise; the row was ignored"},
    "grade.duplicate_row": {"en": "step {step} appears twice; the first row was graded"},
    "grade.row_length": {"en": "row {step} has {count} cells but the header has {expected}; the cells were matched from the left"},
    "grade.missing_row": {"en": "row {step} is missing: its cells are marked wrong"},
    "grade.bad_statement": {"en": "row {step}, column '{column}': adkit cannot read the statement '{text}'"},
    "grade.not_a_number": {"en": "row {step}, column '{column}': '{text}' is not a number"},
    "grade.bad_key": {"en": "this is not an answer key written by adkit exercise --key"},
    "grade.cannot_read": {"en": "cannot read {path}: {reason}"},
    "grade.needs_key": {"en": "give --key KEY.json, or --expr and --at"},
    "grade.status.ok": {"en": "✓"},
    "grade.status.wrong": {"en": "✗"},
    "grade.status.carried": {"en": "carried"},
    "grade.title": {"en": "{file}: {title}"},
    "grade.score": {"en": "score: {score}/{max_score} ({wrong} wrong, {carried} carried error(s) not counted again)"},
    "grade.summary": {"en": "{file}: {score}/{max_score} ({wrong} wrong, {carried} carried, {problems} problem(s) with the file)"},
    "grade.legend": {"en": "✓ right; ✗ wrong, followed by the right answer; carried: wrong, but right from the student's own earlier numbers"},
    # ---- option values and argparse's own messages (its msgids, %-style) ----
    "option.whole_number": {"en": 'expected a whole number, got {text!r}'},
    "option.digits": {"en": 'expected a number of digits from 1 to 17'},
    "option.names": {"en": 'expected distinct names separated by commas, got {text!r}'},
    "option.seconds": {"en": 'expected a positive number of seconds, got {text!r}'},
    "option.difficulty": {"en": 'expected a difficulty from 1 to 5, got {text!r}'},
    "option.tolerance": {"en": 'expected a non-negative number, got {text!r}'},
    "option.sizes": {"en": 'expected sizes from 1 to 4096 separated by commas, got {text!r}'},
    "argparse.error": {"en": '%(prog)s: error: %(message)s\n'},
    "argparse.usage": {"en": 'usage: '},
    "argparse.argument": {"en": 'argument %(argument_name)s: %(message)s'},
    "argparse.required": {"en": 'the following arguments are required: %s'},
    "argparse.unrecognized": {"en": 'unrecognized arguments: %s'},
    "argparse.invalid_choice": {"en": 'invalid choice: %(value)r (choose from %(choices)s)'},
    "argparse.invalid_value": {"en": 'invalid %(type)s value: %(value)r'},
    "argparse.expected_one": {"en": 'expected one argument'},
    "argparse.expected_at_most_one": {"en": 'expected at most one argument'},
    "argparse.expected_at_least_one": {"en": 'expected at least one argument'},
    "argparse.ambiguous": {"en": 'ambiguous option: %(option)s could match %(matches)s'},
    "argparse.not_allowed": {"en": 'not allowed with argument %s'},
    "argparse.one_required": {"en": 'one of the arguments %s is required'},
    "argparse.ignored": {"en": 'ignored explicit argument %r'},
    "argparse.cannot_open": {"en": "can't open '%(filename)s': %(error)s"},
    "argparse.options": {"en": 'options'},
    "argparse.positional": {"en": 'positional arguments'},
    "argparse.help": {"en": 'show this help message and exit'},
    # ---- CLI ----------------------------------------------------------------
    "cli.error": {"en": "error"},
    "cli.saved": {"en": "wrote {path}"},
    "cli.cannot_write": {"en": "cannot write {path}: {reason}"},
    "format.unknown_extension": {"en": "cannot tell the format from '{path}'; use --format, or one of the extensions {known}"},
    "cli.warning": {"en": "warning"},
}

_SECTION = re.compile(r"\[\[(.*?)\]\]")


def _add_language(lang: str, column: dict[str, str]) -> None:
    for key, text in column.items():
        if key in MESSAGES:
            MESSAGES[key][lang] = text


from adkit.messages_vi import VI  # noqa: E402  (the catalogue's Vietnamese column)

_add_language("vi", VI)


def set_language(lang: str | None) -> None:
    """Choose the language of messages (None: back to ``ADKIT_LANG`` or English)."""
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; available: {', '.join(LANGUAGES)}")
    global _language
    _language = lang


def language() -> str:
    lang = _language or os.environ.get("ADKIT_LANG", "en")
    return lang if lang in LANGUAGES else "en"


def message(key: str, **params: Any) -> str:
    """The message ``key`` in the current language, filled with ``params``."""
    lang = language()
    entry = MESSAGES[key]
    template = entry.get(lang, entry["en"])
    values = {k: (message(v) if k in ("hint", "note") and v in MESSAGES else v) for k, v in params.items()}

    def section(m: re.Match[str]) -> str:
        names = re.findall(r"\{(\w+)", m.group(1))
        return m.group(1) if all(values.get(n) is not None for n in names) else ""

    return _SECTION.sub(section, template).format(**values)
