"""pytest configuration: the hypothesis profiles ("ci" by default, "thorough" via HYPOTHESIS_PROFILE).

The profiles are defined in strategies.py, next to the strategies that use them.
"""

import strategies  # noqa: F401 - registers and loads the hypothesis profile
