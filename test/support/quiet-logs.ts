import { Logger } from '@nestjs/common';

// Code under test logs through Nest's Logger; in tests only errors are worth the noise.
Logger.overrideLogger(['error']);
