"""The verifier's child process: the only place where user code runs and frameworks are imported.

Run as `python -m nnlint.verify.child REQUEST.json RESULT.json`. It writes the result file after every
check, so a timeout still leaves the checks that finished.
"""
