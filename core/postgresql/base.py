"""Django's PostgreSQL backend with a client-side deadline on every exchange with the server.

A server that stops answering without closing its connections (a frozen process, a stopped
container, a host whose kernel still acknowledges packets) leaves libpq waiting forever for
a result: neither `statement_timeout` (the server enforces it, and the server is stuck) nor
TCP keepalives (the kernel answers them) end the wait, and every gunicorn worker that sends
a query then hangs until gunicorn kills it. Here every wait for the server has a deadline:

- `query_deadline` seconds for a query, a little longer than the server's own
  `statement_timeout`, so a slow query on a working server still ends with the server's
  clean cancellation and a usable connection;
- `ping_deadline` seconds for the health check Django runs on a reused connection before
  the first query of a request (`CONN_HEALTH_CHECKS`), so a request made while the server
  hangs gives up on the old connection quickly and tries a new one, which `connect_timeout`
  bounds.

A connection whose deadline passed is closed at once (its state is unknown): the query
raises OperationalError, the request answers 503 (`core.middleware`), and the next
request connects afresh, so the app recovers by itself when the server answers again.
Both deadlines come from OPTIONS (`config/settings.py`) and are not passed to libpq.
"""

import psycopg
from django.db.backends.postgresql import base
from psycopg import errors


class DeadlineConnection(psycopg.Connection):
    """A psycopg connection whose waits for the server end after `deadline` seconds."""

    deadline: float | None = None

    def wait(self, gen, interval=psycopg.connection._WAIT_INTERVAL, timeout=None):
        if timeout is not None or self.deadline is None:
            # A caller's own timeout (psycopg's notifies(), cancellation) is its to handle.
            return super().wait(gen, interval=interval, timeout=timeout)
        try:
            return super().wait(gen, interval=interval, timeout=self.deadline)
        except errors._WaitTimeout:
            # Half a protocol exchange is in flight: nothing more can be sent on it.
            self.pgconn.finish()
            raise errors.OperationalError(
                f"the database server did not answer within {self.deadline:g} s; connection closed"
            ) from None


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        self.query_deadline = params.pop("query_deadline", None)
        self.ping_deadline = params.pop("ping_deadline", None)
        return params

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        # psycopg.connect() builds a plain Connection; this subclass only adds the deadline.
        connection.__class__ = DeadlineConnection
        connection.deadline = self.query_deadline
        return connection

    def is_usable(self):
        connection = self.connection
        if connection is None or self.ping_deadline is None:
            return super().is_usable()
        query_deadline, connection.deadline = connection.deadline, self.ping_deadline
        try:
            return super().is_usable()
        finally:
            connection.deadline = query_deadline
