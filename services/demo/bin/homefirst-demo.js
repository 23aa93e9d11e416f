#!/usr/bin/env node
'use strict';
// The synthetic city's own command (run, generate); `homefirst demo` delegates here.
void require('../dist/main.js').run(process.argv);
