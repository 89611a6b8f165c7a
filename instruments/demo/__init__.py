"""Synthetic demo inputs for two metingen: see :func:`genereer_demo`."""

from instruments.demo.generator import genereer_demo

__all__ = ["genereer_demo"]
