import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CARE_LIMITS as LIMITS, IsPlainText, PATIENT_CHANNELS, type PatientChannel, SEVERITIES, type Severity, TASK_PRIORITIES, type TaskPriority } from '@switchboard/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { PushSubscriptionInput } from './push-subscription.dto.js';

const E164 = /^\+[1-9]\d{6,14}$/;
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const UNIT = /^[a-z0-9][a-z0-9-_]{0,63}$/i;

export class CreateNurseRequest {
  @ApiProperty({ example: 'Ada Byron', maxLength: LIMITS.name })
  @IsString() @IsNotEmpty() @IsPlainText() @MaxLength(LIMITS.name)
  name: string;

  @ApiProperty({ example: '+15551230001', description: 'E.164' })
  @Matches(E164, { message: 'phone must be an E.164 number such as +15551234567' }) @MaxLength(16)
  phone: string;

  @ApiPropertyOptional({ example: 'ada@clinic.example' })
  @IsOptional() @IsEmail() @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: 'cardiology', description: 'The assignment pool (default: CARE_DEFAULT_UNIT)' })
  @IsOptional() @Matches(UNIT, { message: 'unit must be 1-64 letters, digits, - or _' }) @MaxLength(LIMITS.unit)
  unit?: string;

  @ApiPropertyOptional({ type: PushSubscriptionInput, description: "The nurse's Web Push subscription: alerts go there first" })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => PushSubscriptionInput)
  push?: PushSubscriptionInput;
}

export class CreateShiftRequest {
  @ApiProperty({ format: 'uuid', example: '3f0c2a8e-9b1d-4c55-8e2f-6a7b8c9d0e1f' })
  @IsUUID()
  nurseId: string;

  @ApiProperty({ example: '2026-12-04T08:00:00Z' })
  @IsISO8601({ strict: true }) @MaxLength(40)
  startsAt: string;

  @ApiProperty({ example: '2026-12-04T16:00:00Z' })
  @IsISO8601({ strict: true }) @MaxLength(40)
  endsAt: string;

  @ApiProperty({ example: 8, minimum: 1, maximum: LIMITS.capacity, description: 'The most open tasks the nurse holds at once' })
  @IsInt() @Min(1) @Max(LIMITS.capacity)
  capacity: number;
}

export class ShiftListQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() nurseId?: string;
  @ApiPropertyOptional({ enum: ['SCHEDULED', 'ACTIVE', 'ENDED'] }) @IsOptional() @IsIn(['SCHEDULED', 'ACTIVE', 'ENDED']) status?: string;
}

export class CreateTaskRequest {
  @ApiPropertyOptional({ format: 'uuid', example: '3f0c2a8e-9b1d-4c55-8e2f-6a7b8c9d0e1f' }) @IsOptional() @IsUUID() patientId?: string;
  @ApiPropertyOptional({ format: 'uuid', example: '3f0c2a8e-9b1d-4c55-8e2f-6a7b8c9d0e1f' }) @IsOptional() @IsUUID() episodeId?: string;

  @ApiPropertyOptional({ example: 'cardiology' })
  @IsOptional() @Matches(UNIT, { message: 'unit must be 1-64 letters, digits, - or _' }) @MaxLength(LIMITS.unit)
  unit?: string;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES, example: 'HIGH' }) @IsOptional() @IsIn(TASK_PRIORITIES) priority?: TaskPriority;
  @ApiProperty({ enum: SEVERITIES, example: 'HIGH' }) @IsIn(SEVERITIES) severity: Severity;

  @ApiPropertyOptional({ type: [String], example: ['HF_BREATHING_WORSE'], maxItems: LIMITS.reasonCodes })
  @IsOptional() @IsArray() @ArrayMaxSize(LIMITS.reasonCodes) @Matches(CODE, { each: true, message: 'each reason code must be UPPER_SNAKE_CASE, at most 64 characters' })
  reasonCodes?: string[];

  @ApiProperty({ example: 'NURSE_CALLBACK_2H' })
  @Matches(CODE, { message: 'actionType must be UPPER_SNAKE_CASE, at most 64 characters' }) @MaxLength(LIMITS.actionType)
  actionType: string;

  @ApiProperty({ example: 120, minimum: 1, maximum: LIMITS.slaMinutes })
  @IsInt() @Min(1) @Max(LIMITS.slaMinutes)
  slaMinutes: number;

  @ApiPropertyOptional({ maxLength: LIMITS.note, example: 'Weight up 2 kg since discharge' })
  @IsOptional() @IsString() @IsPlainText({ multiline: true }) @MaxLength(LIMITS.note)
  note?: string;
}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class TaskListQuery {
  @ApiPropertyOptional({ enum: ['UNASSIGNED', 'ASSIGNED', 'ACKNOWLEDGED', 'RESOLVED'] })
  @IsOptional() @IsIn(['UNASSIGNED', 'ASSIGNED', 'ACKNOWLEDGED', 'RESOLVED'])
  status?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() nurseId?: string;
  @ApiPropertyOptional({ enum: SEVERITIES }) @IsOptional() @IsIn(SEVERITIES) severity?: Severity;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  breached?: boolean;
}

export class ReassignTaskRequest {
  @ApiPropertyOptional({ format: 'uuid', example: '3f0c2a8e-9b1d-4c55-8e2f-6a7b8c9d0e1f', description: 'The nurse to take it; absent: the next nurse of the pool with room' })
  @IsOptional() @IsUUID()
  nurseId?: string;
}

export class AcknowledgeTaskRequest {
  @ApiPropertyOptional({ format: 'uuid', example: '3f0c2a8e-9b1d-4c55-8e2f-6a7b8c9d0e1f', description: 'The acknowledging nurse (must be the assignee)' })
  @IsOptional() @IsUUID()
  nurseId?: string;
}

export class ResolveTaskRequest {
  @ApiPropertyOptional({ maxLength: LIMITS.note, example: 'Called back; no change in symptoms' })
  @IsOptional() @IsString() @IsPlainText({ multiline: true }) @MaxLength(LIMITS.note)
  resolution?: string;
}

export class NotificationListQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() patientId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() nurseId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() taskId?: string;
}

export class QuietHoursInput {
  @ApiProperty({ example: '21:00' }) @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'start must be HH:MM' }) start: string;
  @ApiProperty({ example: '08:00' }) @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'end must be HH:MM' }) end: string;
}

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export class CreatePatientRequest {
  @ApiProperty({ example: 'Alan Turing', maxLength: LIMITS.name })
  @IsString() @IsNotEmpty() @IsPlainText() @MaxLength(LIMITS.name)
  name: string;

  @ApiProperty({ example: '+15551230001', description: 'E.164' })
  @Matches(E164, { message: 'phone must be an E.164 number such as +15551234567' }) @MaxLength(16)
  phone: string;

  @ApiPropertyOptional({ example: 'alan@example.org' })
  @IsOptional() @IsEmail() @MaxLength(254)
  email?: string;

  @ApiProperty({ example: 'America/New_York', description: 'IANA time zone: quiet hours are in it' })
  @IsString() @MaxLength(64) @ValidateBy({ name: 'isTimeZone', validator: { validate: (v: unknown) => typeof v === 'string' && isTimeZone(v), defaultMessage: () => 'timezone must be an IANA time zone such as Europe/Paris' } })
  timezone: string;

  @ApiProperty({ enum: PATIENT_CHANNELS, example: 'sms' })
  @IsIn(PATIENT_CHANNELS)
  preferredChannel: PatientChannel;

  @ApiPropertyOptional({ type: QuietHoursInput, example: { start: '21:00', end: '08:00' } })
  @IsOptional() @ValidateNested() @Type(() => QuietHoursInput) @IsObject()
  quietHours?: QuietHoursInput;

  @ApiPropertyOptional({ example: 'cardiology' })
  @IsOptional() @Matches(UNIT, { message: 'unit must be 1-64 letters, digits, - or _' }) @MaxLength(LIMITS.unit)
  unit?: string;
}

export class AdmitRequest {
  @ApiPropertyOptional({ example: '2026-12-01T10:00:00Z' })
  @IsOptional() @IsISO8601({ strict: true }) @MaxLength(40)
  admittedAt?: string;
}

export class UpdateNurseRequest {
  @ApiPropertyOptional({ example: '+15551230001', description: 'E.164' })
  @IsOptional() @Matches(E164, { message: 'phone must be an E.164 number such as +15551234567' }) @MaxLength(16)
  phone?: string;

  @ApiPropertyOptional({ example: 'ada@clinic.example' })
  @IsOptional() @IsEmail() @MaxLength(254)
  email?: string;
}

export class UpdatePatientRequest extends UpdateNurseRequest {
  @ApiPropertyOptional({ example: 'America/New_York' })
  @IsOptional() @IsString() @MaxLength(64) @ValidateBy({ name: 'isTimeZone', validator: { validate: (v: unknown) => typeof v === 'string' && isTimeZone(v), defaultMessage: () => 'timezone must be an IANA time zone such as Europe/Paris' } })
  timezone?: string;

  @ApiPropertyOptional({ enum: PATIENT_CHANNELS, example: 'whatsapp' })
  @IsOptional() @IsIn(PATIENT_CHANNELS)
  preferredChannel?: PatientChannel;

  @ApiPropertyOptional({ type: QuietHoursInput, example: { start: '22:00', end: '07:00' } })
  @IsOptional() @ValidateNested() @Type(() => QuietHoursInput) @IsObject()
  quietHours?: QuietHoursInput;
}
