"""Build the local engine's fat jar with Maven, once per version of its sources.

The sources (pom, one Java class, application.yaml) ship inside the package, so this works after
`pip install`. Builds land in the user cache directory under a hash of the sources, so a changed
pom or class is rebuilt and an unchanged one never is.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import platformdirs

SOURCES = Path(__file__).parent / "engine"
JAR_NAME = "camtui-test-engine.jar"


class Variant(StrEnum):
    CAMUNDA = "camunda"
    OPERATON = "operaton"


class BuildError(RuntimeError):
    """The engine could not be built; the message says what is missing or what Maven said."""


@dataclass(frozen=True)
class Build:
    jar: Path
    openapi: Path
    variant: Variant


def cache_root() -> Path:
    override = os.environ.get("CAMTUI_ENGINE_CACHE")
    return Path(override) if override else Path(platformdirs.user_cache_dir("camtui")) / "engine"


def source_hash(variant: Variant) -> str:
    digest = hashlib.sha256(variant.value.encode())
    for path in sorted(p for p in SOURCES.rglob("*") if p.is_file() and "target" not in p.parts):
        digest.update(str(path.relative_to(SOURCES)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_dir(variant: Variant) -> Path:
    return cache_root() / f"{variant.value}-{source_hash(variant)}"


def check_toolchain() -> None:
    """Raise BuildError naming exactly what is missing."""
    missing = []
    java = shutil.which("java")
    if java is None:
        missing.append("Java 17 or newer (`java` is not on PATH; e.g. apt-get install openjdk-17-jdk-headless)")
    else:
        major = java_major_version(java)
        if major is not None and major < 17:
            missing.append(f"Java 17 or newer (found Java {major} at {java})")
    if shutil.which("mvn") is None:
        missing.append("Maven 3.6.3 or newer (`mvn` is not on PATH; e.g. apt-get install maven)")
    if missing:
        raise BuildError("The local engine cannot be built. Missing: " + "; ".join(missing) + ".")


def java_major_version(java: str) -> int | None:
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        return None
    major = int(match.group(1))
    # Java 8 and older report 1.x
    return int(match.group(2) or 0) if major == 1 else major


def ensure_built(variant: Variant = Variant.CAMUNDA, *, quiet: bool = True) -> Build:
    """The built jar for `variant`, building it first if these sources were never built."""
    target = build_dir(variant)
    build = Build(jar=target / JAR_NAME, openapi=target / "openapi.json", variant=variant)
    if build.jar.is_file() and build.openapi.is_file():
        return build
    check_toolchain()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="build-", dir=target.parent) as tmp:
        work = Path(tmp) / "src"
        shutil.copytree(SOURCES, work, ignore=shutil.ignore_patterns("target"))
        cmd = ["mvn", "-B", "-DskipTests", "package"]
        if quiet:
            cmd.insert(2, "-q")
        if variant is Variant.OPERATON:
            cmd.append("-Poperaton")
        env = {**os.environ, "MAVEN_OPTS": os.environ.get("MAVEN_OPTS", "-Xmx512m")}
        result = subprocess.run(cmd, cwd=work, env=env, capture_output=quiet, text=True, check=False)
        if result.returncode != 0:
            tail = "\n".join(((result.stdout or "") + (result.stderr or "")).splitlines()[-30:])
            raise BuildError(f"Maven failed to build the local engine ({' '.join(cmd)}):\n{tail}")
        staged = Path(tmp) / "out"
        staged.mkdir()
        shutil.copy2(work / "target" / JAR_NAME, staged / JAR_NAME)
        shutil.copy2(work / "target" / "openapi" / "openapi.json", staged / "openapi.json")
        # atomic: a half-finished build is never taken for a finished one
        if target.exists():
            shutil.rmtree(target)
        staged.rename(target)
    return build
