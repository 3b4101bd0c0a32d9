"""shulin: the operators' command-line tool."""
