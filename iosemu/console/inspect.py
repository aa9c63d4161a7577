"""`iosemu inspect`: a lab file as tables (its nodes, its links, each Frame Relay switch's
ports and PVCs), read and checked; no device boots."""

from __future__ import annotations

from pathlib import Path


def inspect(topology: str | None) -> int:
    """The lab file as tables (nodes, links, each Frame Relay switch's ports and PVCs); it is
    only read and checked, no device boots."""
    from rich.console import Console
    from rich.table import Table

    from iosemu.lab.topology import load_topology

    if topology is None:
        from iosemu.lab.lab import builtin_lab

        topology = str(builtin_lab())
    topo = load_topology(topology)
    hosts = any(node.kind in ("host", "server") for node in topo.nodes.values())
    nodes = Table(title=f"Lab {topo.name}: nodes", title_justify="left")
    for column in ("Name", "Kind", "Type", "Startup-config") + (("Address",) if hosts else ()):
        nodes.add_column(column)
    for node in topo.nodes.values():
        row = [node.name, node.kind, node.type or "-"]
        row.append(_relative(node.startup_config, topo.path.parent) if node.startup_config else "-")
        if hosts:  # a PC's (or a server's) address and default gateway
            address = (node.ip or "-") + (f" via {node.gateway}" if node.gateway else "")
            row.append(address if node.kind in ("host", "server") else "")
        nodes.add_row(*row)
    links = Table(title=f"Lab {topo.name}: links", title_justify="left")
    lossy = any(link.loss for link in topo.links)
    for column in ("End A", "End B", "DCE end") + (("Loss",) if lossy else ()):
        links.add_column(column)
    for link in topo.links:
        dce = next((str(end) for end in (link.a, link.b) if end.node == link.dce), "-")
        links.add_row(str(link.a), str(link.b), dce, *((f"{link.loss:g}",) if lossy else ()))
    console = Console(highlight=False)
    console.print(nodes)
    console.print(links)
    for node in topo.nodes.values():
        if node.kind == "frame-relay-switch":
            for table in _switch_tables(topo, node):
                console.print(table)
    return 0


def _switch_tables(topo, node) -> tuple:
    """A Frame Relay switch node's ports (LMI type, clock, what each is cabled to) and its
    PVC table (each PVC's two ends and its contract)."""
    from rich.table import Table

    cabled = {}
    for link in topo.links:
        for here, there in ((link.a, link.b), (link.b, link.a)):
            if here.node == node.name:
                cabled[here.interface] = str(there)
    ports = Table(title=f"Frame Relay switch {node.name}: ports", title_justify="left")
    for column in ("Port", "LMI type", "Clock rate", "Cabled to"):
        ports.add_column(column)
    for port in node.ports:
        ports.add_row(port.name, port.lmi_type, str(port.clock_rate), cabled.get(port.name, "-"))
    pvcs = Table(title=f"Frame Relay switch {node.name}: PVCs", title_justify="left")
    for column in ("PVC", "CIR", "Bc", "Be"):
        pvcs.add_column(column)
    for pvc in node.pvcs:
        ends = " <-> ".join(f"{port} DLCI {dlci}" for port, dlci in (pvc.a, pvc.b))
        contract = ("-", "-", "-") if pvc.cir is None else (str(pvc.cir), str(pvc.bc), str(pvc.be))
        pvcs.add_row(ends, *contract)
    return ports, pvcs


def _relative(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder.resolve()))
    except ValueError:
        return str(path)
