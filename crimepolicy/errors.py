"""The one exception type for problems a user can cause (bad seeds, bad tables)."""


class CrimePolicyError(Exception):
    """Bad input: the message names the file, the row (where there is one) and the problem."""

    def __init__(self, path, problem, row=None, column=None):
        self.path, self.problem, self.row, self.column = str(path), problem, row, column
        where = self.path
        if row is not None:
            where += f", line {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {problem}")
