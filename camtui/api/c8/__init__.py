"""Camunda 8 (Orchestration Cluster REST API v2, clusters 8.8 and newer)."""
