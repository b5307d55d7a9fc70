"""Total Accès: the composition root (command line and the HTTP client shared by voice and mobile)."""
