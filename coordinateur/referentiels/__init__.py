"""Reference data: communes, départements, EPCI (COG), identifier and phone validation."""
