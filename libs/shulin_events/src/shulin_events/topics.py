"""Kafka topic names. Created by infra/ at start-up (KAFKA_TOPICS there must match)."""

RESIDENTS_TOPIC = "residents.events"
ACTIVITIES_TOPIC = "activities.events"
DEAD_LETTER_TOPIC = "matching.deadletter"
