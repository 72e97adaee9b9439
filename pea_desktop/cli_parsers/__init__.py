"""The command line's commands, one module per group, each with its ``add_<group>(sub)``.

``cli.py`` builds the top-level parser and calls them in the order ``--help`` lists them. Each
command names its handler as a string (``module:function``), imported by ``cli.py`` only when
that command runs: these modules import nothing but argparse, the domain's dates and errors.
"""
