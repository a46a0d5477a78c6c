"""Outputs: pages, tables and exports written from an Ecosystem's results."""
