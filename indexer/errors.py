"""The one error type of Fahras: a code for machines, a message for people, an HTTP status."""


class FahrasError(Exception):
    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
