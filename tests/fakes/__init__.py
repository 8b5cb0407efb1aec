"""In-memory fake engines for tests that need no Java: `FakeEngine("c7")` and `FakeEngine("c8")`."""

from tests.fakes.data import FakeData
from tests.fakes.engine import FakeEngine
from tests.fakes.flavours import C7_CAPABILITIES, C8_CAPABILITIES, Flavour

__all__ = ["C7_CAPABILITIES", "C8_CAPABILITIES", "FakeData", "FakeEngine", "Flavour"]
