"""``scripts/esnode cluster`` refuses bad usage before it builds or starts anything (exit 64, with the usage)."""

import os
import subprocess
from pathlib import Path

import pytest

ESNODE = Path(__file__).resolve().parents[2] / "scripts" / "esnode"


def esnode(cluster_home: Path, *arguments: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "ESNODE_CLUSTER_HOME": str(cluster_home)}
    return subprocess.run([str(ESNODE), *arguments], capture_output=True, text=True, env=environment, timeout=30)


@pytest.mark.parametrize(
    "arguments",
    [
        ("cluster",),
        ("cluster", "launch"),
        ("cluster", "start"),
        ("cluster", "start", "0"),
        ("cluster", "start", "three"),
        ("cluster", "start", "3", "4"),
        ("cluster", "status", "extra"),
        ("cluster", "stop-node"),
        ("cluster", "kill-node", "-1"),
        ("cluster", "start-node", "x"),
        ("restart",),
    ],
)
def test_bad_usage_exits_64_with_the_usage(tmp_path, arguments):
    result = esnode(tmp_path, *arguments)
    assert result.returncode == 64, result.stderr
    assert "usage:" in result.stderr
    assert "cluster start N|status|stop|stop-node K|kill-node K|start-node K" in result.stderr
    assert not (tmp_path / "size").exists()


def test_a_node_outside_the_recorded_cluster_is_a_usage_error(tmp_path):
    (tmp_path / "size").write_text("3\n")
    result = esnode(tmp_path, "cluster", "stop-node", "4")
    assert result.returncode == 64
    assert "node 4 is not in the cluster of 3 nodes" in result.stderr


def test_without_a_cluster_status_says_so_and_node_commands_fail(tmp_path):
    status = esnode(tmp_path, "cluster", "status")
    assert (status.returncode, status.stdout.strip()) == (3, f"esnode: no cluster in {tmp_path}")
    start_node = esnode(tmp_path, "cluster", "start-node", "1")
    assert start_node.returncode == 1
    assert "no cluster in" in start_node.stderr
    assert esnode(tmp_path, "cluster", "stop").returncode == 0


def test_a_recorded_cluster_with_no_node_running_reports_each_node_down(tmp_path):
    (tmp_path / "size").write_text("2\n")
    result = esnode(tmp_path, "cluster", "status")
    assert result.returncode == 3
    assert result.stdout.splitlines() == ["node 1: not running", "node 2: not running"]
