"""The one error type of Fahras: a code for machines, a message for people, an HTTP status."""


class FahrasError(Exception):
    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status

    def __reduce__(self):
        """Pickled with its code and status, so an error raised in a worker process is raised here whole."""
        return FahrasError, (self.code, self.message, self.status)
