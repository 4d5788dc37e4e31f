"""What users see when things go wrong: load, slow clients, database faults, a killed worker.

Starts the deployment's processes natively (config/stack.py): a throwaway PostgreSQL cluster
(migrated and seeded), gunicorn with config/gunicorn.py and 3 workers, nginx with the
repository's config/nginx.conf.template in front, and Redis for the shared cache when one
answers on 127.0.0.1:6379 (as in docker-compose). Then:

1. load: each path alone first, then 50 concurrent clients for 60 s through nginx: errors,
   p50/p95/p99, throughput;
2. slow clients: 100 sockets that sent half a request stay open while /healthz is asked
   through nginx (and once straight at gunicorn, for comparison);
3. the database stopped, hung (SIGSTOP of the whole cluster) and restarted: what each
   request got and how long it took, and how long after the database came back the site
   answered 200 again;
4. a worker killed (SIGKILL) while it serves a request: what the clients saw.

    .venv/bin/python bench/reliability.py                 # about 4 minutes
    .venv/bin/python bench/reliability.py --load-seconds 10

Writes bench/results/reliability.json and prints the figures. Needs nginx and PostgreSQL's
server binaries; run as root, the cluster runs as the `postgres` user.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import stack  # noqa: E402

RESULTS = ROOT / "bench" / "results"
LOAD_PATHS = ["/provisions/?region=georgia", "/api/provisions/", "/treaties/us-russia/", "/healthz"]
FAULT_PATHS = ["/healthz", "/provisions/", "/api/provisions/"]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed_get(port: int, path: str, timeout: float = 40) -> tuple[str, float]:
    """('200', seconds), or ('timeout'/'error: …', seconds)."""
    started = time.monotonic()
    try:
        status = str(stack.get(port, path, timeout=timeout)[0])
    except TimeoutError:
        status = "timeout"
    except (OSError, http.client.HTTPException) as error:
        status = f"error: {type(error).__name__}"
    return status, time.monotonic() - started


# --- 1. load ---


def unloaded(port: int, samples: int) -> dict:
    """Each load path alone, one request at a time: what a request costs without queueing."""
    figures = {}
    for path in LOAD_PATHS:
        latencies = [timed_get(port, path)[1] for _ in range(samples)]
        figures[path] = round(percentile(latencies, 0.5) * 1000, 1)
    return {"samples_per_path": samples, "p50_ms": figures}


def load(port: int, *, clients: int, seconds: float) -> dict:
    stop_at = time.monotonic() + seconds
    results: list[tuple[str, float]] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        mine = []
        n = index
        while time.monotonic() < stop_at:
            mine.append(timed_get(port, LOAD_PATHS[n % len(LOAD_PATHS)]))
            n += 1
        with lock:
            results.extend(mine)

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    elapsed = time.monotonic() - started
    latencies = [seconds for _, seconds in results]
    errors = [status for status, _ in results if status != "200"]
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(results),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "requests_per_second": round(len(results) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
    }


# --- 2. slow clients ---


def half_requests(port: int, count: int) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"POST /api/provisions/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le")
        sockets.append(sock)
    return sockets


def slow_clients(proxy_port: int, app_port: int, *, count: int, samples: int) -> dict:
    held = half_requests(proxy_port, count)
    time.sleep(1)
    through_proxy = [timed_get(proxy_port, "/healthz", timeout=5) for _ in range(samples)]
    for sock in held:
        sock.close()
    held = half_requests(app_port, count)
    time.sleep(1)
    direct = timed_get(app_port, "/healthz", timeout=5)
    for sock in held:
        sock.close()
    latencies = [seconds for _, seconds in through_proxy]
    return {
        "slow_sockets": count,
        "samples": samples,
        "statuses": sorted({status for status, _ in through_proxy}),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
        "straight_to_gunicorn": {"status": direct[0], "seconds": round(direct[1], 2)},
    }


# --- 3. database faults ---


def during(port: int, rounds: int) -> list[dict]:
    answers = []
    for _ in range(rounds):
        for path in FAULT_PATHS:
            status, seconds = timed_get(port, path)
            answers.append({"path": path, "status": status, "seconds": round(seconds, 2)})
    return answers


def recovery(port: int, since: float, limit: float = 60) -> float | None:
    """Seconds from `since` until every FAULT_PATH answers 200."""
    while time.monotonic() - since < limit:
        if all(timed_get(port, path)[0] == "200" for path in FAULT_PATHS):
            return round(time.monotonic() - since, 2)
        time.sleep(0.1)
    return None


def summarise(answers: list[dict]) -> dict:
    seconds = [answer["seconds"] for answer in answers]
    return {
        "samples": len(answers),
        "statuses": sorted({answer["status"] for answer in answers}),
        "first_s": seconds[0],
        "max_s": max(seconds),
        "p50_s": percentile(seconds, 0.5),
    }


def database_faults(port: int, cluster: stack.Cluster, *, rounds: int) -> dict:
    results = {}

    cluster.stop()
    results["stopped"] = summarise(during(port, rounds))
    started = time.monotonic()
    cluster.start()
    results["stopped"]["recovered_after_start_s"] = recovery(port, started)

    cluster.freeze()
    results["hung"] = summarise(during(port, rounds))
    thawed = time.monotonic()
    cluster.thaw()
    results["hung"]["recovered_after_sigcont_s"] = recovery(port, thawed)

    # A restart: requests made while it happens, then the time from its start to 200s.
    answers: list[dict] = []
    done = threading.Event()

    def ask() -> None:
        while not done.is_set():
            answers.extend(during(port, 1))

    asker = threading.Thread(target=ask)
    started = time.monotonic()
    asker.start()
    cluster.pg_ctl("-m", "fast", "-w", "restart", "-l", str(cluster.data / "server.log"))
    restarted = time.monotonic()
    results["restarted"] = {"restart_took_s": round(restarted - started, 2)}
    results["restarted"]["recovered_after_restart_s"] = recovery(port, restarted)
    done.set()
    asker.join()
    results["restarted"].update(summarise(answers))
    return results


# --- 4. a worker killed mid-request ---


def kill_a_worker(proxy_port: int, app: stack.Gunicorn, *, clients: int, seconds: float) -> dict:
    before = app.worker_pids()
    stop_at = time.monotonic() + seconds
    statuses: list[tuple[float, str]] = []
    lock = threading.Lock()
    started = time.monotonic()

    def client(index: int) -> None:
        n = index
        while time.monotonic() < stop_at:
            status, _ = timed_get(proxy_port, LOAD_PATHS[n % len(LOAD_PATHS)])
            with lock:
                statuses.append((time.monotonic() - started, status))
            n += 1

    with ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(client, index) for index in range(clients)]
        time.sleep(seconds / 2)
        victim = min(before)
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        replaced_after = None
        while time.monotonic() - killed_at < 30:
            if len(app.worker_pids() - before) >= 1:
                replaced_after = round(time.monotonic() - killed_at, 2)
                break
            time.sleep(0.05)
        for future in futures:
            future.result()
    failures = [status for _, status in statuses if status != "200"]
    return {
        "clients": clients,
        "requests": len(statuses),
        "non_200": len(failures),
        "non_200_kinds": sorted(set(failures)),
        "worker_replaced_after_s": replaced_after,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load-seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--slow-sockets", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3, help="requests per path per fault")
    args = parser.parse_args()

    if stack.nginx_binary() is None or stack.postgres_bin() is None:
        sys.exit("needs nginx and PostgreSQL's server binaries (apt-get install nginx postgresql)")

    figures: dict = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "load_average_before": [round(value, 2) for value in os.getloadavg()],
    }
    cache = stack.local_redis(14)
    figures["cache"] = cache or "file (no Redis on 127.0.0.1:6379)"
    with stack.postgres_cluster() as cluster:
        env = stack.production_env(
            cluster.url,
            # One benchmarking address makes every request: lift the anonymous rate.
            PROVISO_API_ANON_RATE="100000000/second",
            **({"PROVISO_CACHE_URL": cache} if cache else {}),
        )
        stack.manage("migrate", "--no-input", env=env)
        stack.manage("load_seeds", env=env)
        with (
            stack.gunicorn(env, workers=3) as app,
            stack.nginx(upstream_port=app.port) as proxy,
        ):
            figures["gunicorn_workers"] = 3
            print("1. load", flush=True)
            figures["unloaded"] = unloaded(proxy.port, samples=20)
            figures["load"] = load(proxy.port, clients=args.clients, seconds=args.load_seconds)
            print("2. slow clients", flush=True)
            figures["slow_clients"] = slow_clients(
                proxy.port, app.port, count=args.slow_sockets, samples=20
            )
            print("3. database faults", flush=True)
            figures["database"] = database_faults(proxy.port, cluster, rounds=args.rounds)
            print("4. a worker killed mid-request", flush=True)
            figures["worker_killed"] = kill_a_worker(proxy.port, app, clients=10, seconds=10)
    figures["load_average_after"] = [round(value, 2) for value in os.getloadavg()]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "reliability.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
