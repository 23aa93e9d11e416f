#!/usr/bin/env node
'use strict';
// The fhir connector's own command (serve, map); `homefirst map fhir` delegates here.
void require('../dist/main.js').run(process.argv);
