/**
 * Partition table drivers: {@link org.bootlace.partition.MbrPartitionTableDriver} (MBR with
 * extended partitions) and {@link org.bootlace.partition.GptPartitionTableDriver} (GPT, including
 * hybrid MBRs and 4096-byte sectors). Both are registered as {@link
 * org.bootlace.spi.PartitionTableDriver} services.
 */
package org.bootlace.partition;
