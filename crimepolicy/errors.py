"""The one exception type for problems a user can cause (bad seeds, bad tables, bad options)."""


class CrimePolicyError(Exception):
    """Bad input. The message names the file, the line and column (where there are
    some), what is wrong and, where it can be said, what would be right:

    `data/positions.csv, line 5, column 'stance': 'maybe' is not allowed; use one of: ...`
    """

    def __init__(self, path, problem, row=None, column=None, hint=None):
        self.path, self.problem, self.row, self.column = str(path), problem, row, column
        self.hint = hint
        where = self.path
        if row is not None:
            where += f", line {row}"
        if column is not None:
            where += f", column '{column}'"
        text = f"{where}: {problem}"
        if hint:
            text += f"; {hint}"
        super().__init__(text)

    def __reduce__(self):  # picklable with its fields (tests run in worker processes)
        return (type(self), (self.path, self.problem, self.row, self.column, self.hint))
