"""A TCP proxy that can be told to stall: it keeps accepting connections and holds whatever
arrives, in both directions, as a frozen server or a dead link does; resumed, it forwards
again. Put between the app and its database to test what a hung database does."""

import contextlib
import selectors
import socket
import threading


class StallingProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._flowing = threading.Event()
        self._flowing.set()
        self._closed = threading.Event()
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def stall(self) -> None:
        self._flowing.clear()

    def resume(self) -> None:
        self._flowing.set()

    def close(self) -> None:
        self._closed.set()
        self._flowing.set()
        for sock in [self._listener, *self._sockets]:
            with contextlib.suppress(OSError):
                sock.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self._sockets.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        # A stalled proxy does not even reach the server: the handshake with the client is
        # all that happens, as with a frozen server whose kernel accepts connections.
        self._flowing.wait()
        try:
            server = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        self._sockets.append(server)
        peers = {client: server, server: client}
        with selectors.DefaultSelector() as selector:
            for sock in peers:
                selector.register(sock, selectors.EVENT_READ)
            while not self._closed.is_set():
                if not self._flowing.is_set():
                    self._flowing.wait(0.05)
                    continue
                for key, _ in selector.select(timeout=0.05):
                    try:
                        data = key.fileobj.recv(65536)
                        if data:
                            peers[key.fileobj].sendall(data)
                    except OSError:
                        data = b""
                    if not data:
                        client.close()
                        server.close()
                        return
