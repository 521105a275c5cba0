#!/usr/bin/env python3
"""The peer of tools/dispatch-bench.sh: a PostgreSQL job queue from PyPI (PgQueuer, pinned in
tools/dispatch-peer.requirements.txt) on the same database, delivering the same signed webhook to the same
`agentplanner sink`, with an outcome row per delivery committed after the receiver's answer.

  burst: N jobs enqueued up front (batches of 1,000), then drained: deliveries/s.
  paced: RATE jobs/s offered for SECONDS, one enqueue transaction each from 8 writers (an open model;
         latency counts from each job's scheduled time to the sink's first receipt of its key).

Prints one line per figure, plus CPU seconds per delivery of this process, the sink and the PostgreSQL
backends of the database (from /proc/<pid>/stat).
Usage: dispatch-peer.py DSN SINK_URL WEBHOOK_SECRET burst N | paced RATE SECONDS
"""
import asyncio
import hashlib
import hmac
import json
import os
import sys
import time
import uuid
from datetime import timedelta

# PgQueuer's tables go in their own schema of the bench database.
os.environ["PGQUEUER_SCHEMA"] = "peer"

import aiohttp  # noqa: E402
import asyncpg  # noqa: E402
from pgqueuer import AsyncpgPoolDriver, QueueManager, Queries  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except OSError:
        return None


async def backend_cpu(pool):
    pids = [row["pid"] for row in await pool.fetch("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")]
    return {pid: cpu_seconds(pid) or 0.0 for pid in pids}


async def sink_get(http, sink, path):
    async with http.get(sink + path) as response:
        response.raise_for_status()
        return await response.text()


async def sink_post(http, sink, path):
    async with http.post(sink + path) as response:
        response.raise_for_status()


def body_of(number, key):
    # The engine's webhook body for an agent request (EventRouting.body), compact with sorted keys.
    now = time.time()
    payload = {
        "event": "task.start_requested",
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + ".%03dZ" % int(now % 1 * 1000),
        "idempotency_key": key,
        "plan": {"id": str(uuid.uuid4()), "title": "Load plan"},
        "task": {"id": str(uuid.uuid4()), "title": f"Task {number}", "description": "Load test task",
                 "node_type": "task", "status": "not_started", "agent_instructions": "Do it", "context": None},
        "request": {"type": "start", "message": "Please start", "requested_by": "Load Tester"},
        "actor": {"name": "Load Tester", "type": "user"},
        "message": f"Agent requested to START: Task {number}",
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


async def main():
    dsn, sink, secret, mode = sys.argv[1:5]
    pool = await asyncpg.create_pool(dsn, min_size=4, max_size=12)
    await pool.execute("DROP SCHEMA IF EXISTS peer CASCADE")
    await pool.execute("CREATE SCHEMA peer")
    async with pool.acquire() as connection:
        await connection.execute("SET search_path TO peer")
        await Queries.from_asyncpg_connection(connection).install(create_schema=False)
    await pool.execute("CREATE TABLE peer.peer_outcomes (key text PRIMARY KEY, status int NOT NULL, delivered_at timestamptz NOT NULL)")
    http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64, keepalive_timeout=60))
    await sink_post(http, sink, "/_sink/reset")
    url = sink + "/webhook/hook"

    queue_pool = await asyncpg.create_pool(dsn, min_size=2, max_size=8, server_settings={"search_path": "peer"})
    qm = QueueManager(Queries(AsyncpgPoolDriver(queue_pool)))
    run_id = uuid.uuid4().hex[:8]

    @qm.entrypoint("deliver")
    async def deliver(job):
        number = int(job.payload)
        key = f"peer-{run_id}-{number}"
        body = body_of(number, key)
        stamp = str(int(time.time()))
        signature = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        headers = {
            "Content-Type": "application/json", "User-Agent": "dispatch-peer", "Idempotency-Key": key,
            "X-AgentPlanner-Event": "task.start_requested", "X-AgentPlanner-Delivery": str(uuid.uuid4()),
            "X-AgentPlanner-Timestamp": stamp, "X-AgentPlanner-Signature": "sha256=" + signature,
        }
        async with http.post(url, data=body, headers=headers, timeout=aiohttp.ClientTimeout(total=5)) as response:
            await response.read()
            if response.status >= 300:
                raise RuntimeError(f"receiver answered {response.status}")
        await pool.execute(
            "INSERT INTO peer.peer_outcomes (key, status, delivered_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING",
            key, response.status)

    async def delivered():
        return await pool.fetchval("SELECT count(*) FROM peer.peer_outcomes")

    sink_stats = json.loads(await sink_get(http, sink, "/_sink/stats"))
    sink_cpu0, own0, backends0 = sink_stats.get("cpu_seconds"), cpu_seconds(os.getpid()), await backend_cpu(pool)
    scheduled = {}
    if mode == "burst":
        count = int(sys.argv[5])
        for start in range(0, count, 1000):
            numbers = list(range(start, min(start + 1000, count)))
            await qm.queries.enqueue(["deliver"] * len(numbers), [str(n).encode() for n in numbers], [0] * len(numbers))
        runner = asyncio.create_task(qm.run(batch_size=50, dequeue_timeout=timedelta(milliseconds=100)))
        started = time.monotonic()
        while await delivered() < count and time.monotonic() - started < 300:
            await asyncio.sleep(0.05)
        elapsed = time.monotonic() - started
    else:
        rate, seconds = float(sys.argv[5]), float(sys.argv[6])
        count = int(rate * seconds)
        runner = asyncio.create_task(qm.run(batch_size=10, dequeue_timeout=timedelta(milliseconds=100)))
        await asyncio.sleep(0.5)
        origin_wall, origin = time.time(), time.monotonic()

        async def writer(lane):
            async with pool.acquire() as connection:
                await connection.execute("SET search_path TO peer")
                queries = Queries.from_asyncpg_connection(connection)
                for number in range(lane, count, 8):
                    delay = origin + number / rate - time.monotonic()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    scheduled[f"peer-{run_id}-{number}"] = origin_wall + number / rate
                    await queries.enqueue("deliver", str(number).encode())

        await asyncio.gather(*(writer(lane) for lane in range(8)))
        while await delivered() < count and time.monotonic() - origin < seconds + 120:
            await asyncio.sleep(0.05)
        elapsed = time.monotonic() - origin
    done = await delivered()
    sink_stats = json.loads(await sink_get(http, sink, "/_sink/stats"))
    own1, backends1 = cpu_seconds(os.getpid()), await backend_cpu(pool)
    qm.shutdown.set()
    try:
        await asyncio.wait_for(runner, 10)
    except (asyncio.TimeoutError, Exception):
        runner.cancel()
    postgres = sum(seconds - backends0.get(pid, 0.0) for pid, seconds in backends1.items())

    def per(seconds):
        return "n/a" if seconds is None or done == 0 else "%.3f ms" % (seconds * 1000 / done)

    print(f"peer (PgQueuer) {mode}: {count} jobs, delivered with an outcome row: {done}, "
          f"sink: accepted keys {sink_stats['accepted_keys']}, duplicates {sink_stats['duplicates']}, "
          f"bad signatures {sink_stats['bad_signatures']}")
    if mode == "burst":
        print(f"peer burst throughput: {done / elapsed:.0f} deliveries/s ({elapsed:.2f} s)")
    else:
        receipts = {}
        for line in (await sink_get(http, sink, "/_sink/receipts")).splitlines():
            key, at = line.split(" ")
            receipts[key] = float(at)
        latencies = sorted((receipts[k] - at) * 1000 for k, at in scheduled.items() if k in receipts)
        achieved = len(latencies) / seconds

        def pct(p):
            return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] if latencies else float("nan")

        print(f"peer paced: offered {rate:.0f}/s, achieved {100 * len(latencies) / max(1, count):.1f} % "
              f"({achieved:.0f}/s), p50 {pct(50):.1f} ms, p99 {pct(99):.1f} ms, max {latencies[-1] if latencies else float('nan'):.1f} ms")
    sink_cpu1 = sink_stats.get("cpu_seconds")
    print(f"peer CPU per delivery: peer process {per(own1 - own0)}, "
          f"sink {per(None if sink_cpu0 is None or sink_cpu1 is None else sink_cpu1 - sink_cpu0)}, PostgreSQL backends {per(postgres)}")
    await http.close()
    await queue_pool.close()
    await pool.close()


if __name__ == "__main__":
    asyncio.run(main())
