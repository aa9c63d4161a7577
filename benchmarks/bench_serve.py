"""`iosemu serve` under load: a lab of 10 routers served in its own process, 50 telnet
console sessions (5 on each router's console) sending commands for 30 s, each waiting for
its answer before the next, every answer checked against the text the lab gives through
the API; the commands per second and the worst latency.

    python benchmarks/bench_serve.py [SESSIONS] [SECONDS]
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

from bench_chain import write_chain

import iosemu

ROUTERS = 10
BOOT_WAIT = 60  # wall seconds the routers have to bring their serial lines up
WONT_TTYPE = b"\xff\xfc\x18"  # a program: it tells no terminal type, the router echoes
NEGOTIATION = re.compile(rb"\xff[\xfb-\xfe].|\xff\xfa.*?\xff\xf0", re.S)  # the server's telnet options
COMMANDS = (
    "show ip interface brief",
    "show running-config | include ^interface|^hostname",
    "show ip route static",
)


def expected(lab_file: Path) -> dict[str, dict[str, str]]:
    """Each router's answer to each command, from the API on a lab of its own."""
    lab = iosemu.Lab.load(lab_file)
    lab.advance(60)
    answers = {}
    for device in lab:
        device.cli("enable")
        answers[device.name] = {command: device.cli(command) for command in COMMANDS}
    return answers


def serve(lab_file: Path) -> tuple[subprocess.Popen, dict[str, int]]:
    command = [sys.executable, "-m", "iosemu", "serve", str(lab_file), "--port", "0", "--speed", "1"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    ports = {}
    while len(ports) < ROUTERS:
        found = re.search(r"│ (R\d+) +│ (\d+) ", server.stdout.readline())
        if found:
            ports[found.group(1)] = int(found.group(2))
    return server, ports


async def session(
    name: str, port: int, answers: dict[str, str], until: float, latencies: list[float] | None
) -> int:
    """One client: `enable`, `terminal length 0`, then the commands in turn until `until`;
    returns how many were wrong.  Without `latencies`, it stops at the first right answer
    (the router has booted: its interfaces are up)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(WONT_TTYPE)
    prompt = re.compile(rf"{name}[>#]$")

    async def until_prompt() -> str:
        seen = b""
        while not prompt.search(seen.decode(errors="replace")):
            seen += await reader.read(65536)
        return NEGOTIATION.sub(b"", seen).decode().replace("\r\n", "\n")

    async def answer(line: str) -> str:
        writer.write(line.encode() + b"\r")
        return await until_prompt()

    await until_prompt()  # the console's prompt, when the client attaches
    await answer("enable")
    await answer("terminal length 0")
    wrong, turn = 0, 0
    while time.monotonic() < until:
        command = COMMANDS[turn % len(COMMANDS)] if latencies is not None else COMMANDS[0]
        turn += 1
        start = time.monotonic()
        text = await answer(command)
        right = text == f"{command}\n{answers[command]}{name}#"  # the echo, the answer, the prompt
        if latencies is None:
            if right:
                break
            await asyncio.sleep(0.5)
            continue
        latencies.append(time.monotonic() - start)
        wrong += not right
    writer.close()
    return wrong


async def load(ports: dict[str, int], answers, sessions: int, seconds: float) -> tuple[list[float], int]:
    """Once every router answers as booted, `sessions` clients (spread over the routers) for
    `seconds`: the latencies and the number of wrong answers."""
    booted = time.monotonic() + BOOT_WAIT
    await asyncio.gather(*(session(name, port, answers[name], booted, None) for name, port in ports.items()))
    latencies: list[float] = []
    until = time.monotonic() + seconds
    names = list(ports)
    clients = [
        session(name, ports[name], answers[name], until, latencies) for name in islice(cycle(names), sessions)
    ]
    wrong = sum(await asyncio.gather(*clients))
    return latencies, wrong


def main(sessions: int = 50, seconds: float = 30) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lab_file = write_chain(Path(tmp), ROUTERS)
        answers = expected(lab_file)
        server, ports = serve(lab_file)
        try:
            latencies, wrong = asyncio.run(load(ports, answers, sessions, seconds))
        finally:
            server.terminate()
            server.wait(10)
    latencies.sort()
    rows = {
        "sessions": f"{sessions} telnet consoles on {ROUTERS} routers, {seconds:g} s",
        "commands answered": f"{len(latencies):,}, wrong: {wrong}",
        "commands per second": f"{len(latencies) / seconds:,.0f}",
        "median latency": f"{latencies[len(latencies) // 2] * 1000:.1f} ms",
        "worst latency": f"{latencies[-1] * 1000:.1f} ms",
    }
    for name, value in rows.items():
        print(f"{name:22} {value}")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:2]), *(float(arg) for arg in sys.argv[2:3]))
