"""Engine of the Aleppo territorial-control map: load, validate, state over time, exports."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("aleppo-map")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"
