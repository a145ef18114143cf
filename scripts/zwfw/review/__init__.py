"""Review as code: CODEOWNERS from the data, the approval gate and the change report."""
